import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/**
 * When a chat's next message may go (epoch ms): its rate limit, a 429's `retry_after`, or, while
 * a message to it is in flight, the end of that claim. Locked by the sender's look at the chat.
 */
@Entity({ name: 'outbox_chats' })
export class OutboxChatEntity {
  /** Text: Telegram chat ids go beyond 32 bits and may be negative. */
  @PrimaryColumn({ name: 'chat_id', type: 'text' })
  chatId!: string;

  @Column(epochMsColumn({ name: 'opens_at' }))
  opensAt!: number;
}
