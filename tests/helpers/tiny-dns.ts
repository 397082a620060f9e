import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface TinyDns {
  port: number;
  /** Name → IPv4 address; a name missing here answers NXDOMAIN (a stopped container). */
  records: Map<string, string>;
  stop(): Promise<void>;
}

function questionName(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (msg[at] !== 0) {
    labels.push(msg.subarray(at + 1, at + 1 + msg[at]).toString('ascii'));
    at += msg[at] + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 5 };
}

/** A loopback DNS server answering A queries from a map, as Docker's embedded DNS does for container names. */
export async function startTinyDns(): Promise<TinyDns> {
  const records = new Map<string, string>();
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    if (msg.length < 17) return;
    const { name, end } = questionName(msg);
    const type = msg.readUInt16BE(end - 4);
    const ip = records.get(name);
    const answer = ip && type === 1;
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    header.writeUInt16BE(ip ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answer ? 1 : 0, 6);
    const parts = [header, msg.subarray(12, end)];
    if (answer) {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(1, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(1, 6);
      rr.writeUInt16BE(4, 10);
      ip.split('.').forEach((octet, i) => rr.writeUInt8(Number(octet), 12 + i));
      parts.push(rr);
    }
    socket.send(Buffer.concat(parts), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    records,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
