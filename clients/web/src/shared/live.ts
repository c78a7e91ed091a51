// The chat live channel (/chat/live, SignalR). The server closes the connection when the token it was
// opened with expires, so a closed connection is simply opened again with a fresh token.
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { Session } from './session.js';

export interface LiveEvent {
  chatId: string;
  id: string;
  at: string;
  data: any;
}

export type LiveHandler = (method: string, event: LiveEvent) => void;

const METHODS = ['chatCreated', 'chatUpdated', 'messageCreated', 'messageUpdated', 'messageDeleted', 'reactionChanged', 'membersAdded', 'membersRemoved'];

export async function connectLive(session: Session, handler: LiveHandler, onState: (connected: boolean) => void): Promise<HubConnection> {
  const connection = new HubConnectionBuilder()
    .withUrl(`${location.origin}/chat/live`, { accessTokenFactory: () => session.graphToken() })
    .withAutomaticReconnect()
    .configureLogging(LogLevel.Warning)
    .build();
  for (const method of METHODS) connection.on(method, (event: LiveEvent) => handler(method, event));
  connection.onreconnecting(() => onState(false));
  connection.onreconnected(() => onState(true));
  const open = async (): Promise<void> => {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 15000)) {
      try {
        await connection.start();
        onState(true);
        return;
      } catch {
        onState(false);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };
  connection.onclose(() => { onState(false); void open(); });
  await open();
  return connection;
}
