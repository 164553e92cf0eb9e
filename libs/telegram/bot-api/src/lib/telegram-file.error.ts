/**
 * A file larger than may be moved: over Telegram's 20 MB download limit, or over the caller's
 * own bound. Nothing of it was kept.
 */
export class TelegramFileTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    /** The size, when known before reading: Telegram's figure or the Content-Length. */
    readonly sizeBytes: number | undefined,
  ) {
    super(
      `download: the file is ${sizeBytes === undefined ? 'larger than' : `${sizeBytes} bytes, over`} the limit of ${limitBytes} bytes`,
    );
    this.name = 'TelegramFileTooLargeError';
  }
}
