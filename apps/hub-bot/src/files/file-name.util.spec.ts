import { formatBytes, numberedName, safeFileName, stampOf } from './file-name.util';

describe('safeFileName', () => {
  it.each([
    ['screenshot.png', 'screenshot.png'],
    ['Build Log (final).txt', 'Build_Log_final_.txt'],
    ['über straße.md', 'über_straße.md'],
    ['it\'s "quoted".txt', 'it_s_quoted_.txt'],
    ['line\nbreak\r.log', 'line_break_.log'],
    ['$(rm -rf ~).sh', 'rm_-rf_.sh'],
    ['`whoami`;ls|cat&.txt', 'whoami_ls_cat_.txt'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\notes.txt', 'notes.txt'],
    ['--help', 'help'],
    ['-rf', 'rf'],
    ['.bashrc', 'bashrc'],
    ['..', 'file'],
    ['...', 'file'],
    ['$()', 'file'],
    ['', 'file'],
    [undefined, 'file'],
  ])('%j becomes %j', (name, expected) => {
    expect(safeFileName(name, 'file')).toBe(expected);
  });

  it('keeps nothing that a shell or tmux would act on', () => {
    const nasty = '-a\'b"c`d$e(f)g;h&i|j<k>l*m?n[o]p{q}r~s!t#u%v^w=x,y z\\\u0000\u001b\t\n';
    expect(safeFileName(nasty, 'file')).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}._+-]*$/u);
  });

  it('cuts a long name to 100 characters, keeping its extension', () => {
    const long = safeFileName(`${'a'.repeat(300)}.tar.gz`, 'file');
    expect(long).toHaveLength(100);
    expect(long.endsWith('.gz')).toBe(true);
    expect(safeFileName('b'.repeat(300), 'file')).toBe('b'.repeat(100));
  });
});

describe('numberedName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('photo.jpg', 1)).toBe('photo.jpg');
    expect(numberedName('photo.jpg', 2)).toBe('photo-2.jpg');
    expect(numberedName('Makefile', 3)).toBe('Makefile-3');
    expect(numberedName('archive.tar.gz', 2)).toBe('archive.tar-2.gz');
  });
});

describe('stampOf and formatBytes', () => {
  it('stamps in UTC and sizes as people say them', () => {
    expect(stampOf(Date.UTC(2025, 0, 2, 3, 4, 5) / 1000)).toBe('20250102-030405');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(340 * 1024)).toBe('340 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});
