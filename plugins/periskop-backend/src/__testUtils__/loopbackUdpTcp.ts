import dgram from 'node:dgram';
import net from 'node:net';

/**
 * A UDP socket and a TCP server bound to the same free port of 127.0.0.1,
 * as a DNS server needs (TCP for answers too large for UDP). A port free
 * for UDP may be taken for TCP: then another one is tried.
 */
export async function bindLoopbackUdpTcp(): Promise<{
  udp: dgram.Socket;
  tcp: net.Server;
  port: number;
}> {
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>(resolve => udp.bind(0, '127.0.0.1', resolve));
    const { port } = udp.address();
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', resolve);
      });
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>(resolve => udp.close(() => resolve()));
      if (attempt >= 10) throw error;
    }
  }
}

/** A loopback port that was free for UDP and TCP a moment ago, for a child process to bind. */
export async function freeLoopbackUdpTcpPort(): Promise<number> {
  const { udp, tcp, port } = await bindLoopbackUdpTcp();
  await new Promise(resolve => tcp.close(resolve));
  await new Promise<void>(resolve => udp.close(() => resolve()));
  return port;
}
