// The smallest signaling server for the bare baseline: a WebSocket relay on 127.0.0.1 in the measuring
// process. Each page connects to ws://127.0.0.1:PORT/?role=caller|callee; every text message from one role
// goes to the other as it is. No logic, no storage: one hop like the library's trip through Switchboard,
// without anything the call service does. (Node 20 has a WebSocket client but no server, hence the few
// lines of RFC 6455 below: handshake, unmasking, text frames.)

import crypto from 'node:crypto';
import http from 'node:http';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function textFrame(payload) {
  const n = payload.length;
  const header = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 0xff]) : Buffer.alloc(10);
  if (n >= 65536) {
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Starts the relay; resolves with { url, close() }. */
export async function startRelay() {
  const sockets = new Map();
  const server = http.createServer((req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    const role = new URL(req.url, 'http://relay').searchParams.get('role');
    const key = req.headers['sec-websocket-key'];
    if (!key || (role !== 'caller' && role !== 'callee')) {
      socket.destroy();
      return;
    }
    const accept = crypto.createHash('sha1').update(key + GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.setNoDelay(true);
    sockets.get(role)?.destroy();
    sockets.set(role, socket);
    const other = role === 'caller' ? 'callee' : 'caller';
    let buffer = Buffer.alloc(0);
    let parts = [];
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (buffer.length < 2) return;
        const fin = (buffer[0] & 0x80) !== 0;
        const opcode = buffer[0] & 0x0f;
        const masked = (buffer[1] & 0x80) !== 0;
        let length = buffer[1] & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        const maskAt = offset;
        if (masked) offset += 4;
        if (buffer.length < offset + length) return;
        const payload = Buffer.from(buffer.subarray(offset, offset + length));
        if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buffer[maskAt + (i & 3)];
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x8) {
          socket.end();
          return;
        }
        if (opcode === 0x1 || opcode === 0x0) {
          parts.push(payload);
          if (fin) {
            const message = Buffer.concat(parts);
            parts = [];
            const peer = sockets.get(other);
            if (peer && !peer.destroyed) peer.write(textFrame(message));
          }
        }
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (sockets.get(role) === socket) sockets.delete(role);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${server.address().port}/`,
    close() {
      for (const socket of sockets.values()) socket.destroy();
      server.close();
    },
  };
}
