import dgram from 'node:dgram';
import net from 'node:net';
import { parseIpAddress } from '../discovery/ipAddress';
import { normaliseHostname } from '../discovery/hostNames';
import { bindLoopbackUdpTcp } from './loopbackUdpTcp';

/** The records a {@link TestDnsServer} answers for one name. */
export interface TestDnsRecords {
  a?: string[];
  aaaa?: string[];
  srv?: Array<{
    name: string;
    port: number;
    priority?: number;
    weight?: number;
  }>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
const TYPE_SRV = 33;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_NOTIMP = 4;
/** Plain DNS over UDP; a larger answer is truncated and asked again over TCP. */
const UDP_LIMIT = 512;

/**
 * A real DNS server on a loopback port (UDP, and TCP for answers too large
 * for UDP) for discovery tests: a minimal RFC 1035 responder for A, AAAA and
 * SRV questions. Names it has no records for are NXDOMAIN; a known name
 * without records of the asked type gets an empty answer. Tests change the
 * records between lookups, and can make it never answer (timeouts).
 */
export class TestDnsServer {
  /** Lower-case name without trailing dot → records. */
  readonly zone = new Map<string, TestDnsRecords>();
  /** Questions received, as `name TYPE`. */
  readonly questions: string[] = [];
  /** Queries that came over TCP (after a truncated UDP answer). */
  tcpQueries = 0;
  /** When true, queries are read and never answered. */
  silent = false;
  readonly #udp: dgram.Socket;
  readonly #tcp: net.Server;
  readonly #sockets = new Set<net.Socket>();

  private constructor(udp: dgram.Socket, tcp: net.Server) {
    this.#udp = udp;
    this.#tcp = tcp;
  }

  /** Starts on 127.0.0.1, on a free port that UDP and TCP share. */
  static async start(): Promise<TestDnsServer> {
    const { udp, tcp } = await bindLoopbackUdpTcp();
    const server = new TestDnsServer(udp, tcp);
    udp.on('message', (query, remote) => {
      const answer = server.#answer(query, UDP_LIMIT);
      if (answer) udp.send(answer, remote.port, remote.address);
    });
    tcp.on('connection', socket => server.#serveTcp(socket));
    return server;
  }

  /** `127.0.0.1:<port>`, as `periskop.discovery.dnsServers` takes it. */
  get address(): string {
    return `127.0.0.1:${this.#udp.address().port}`;
  }

  /** Sets (replaces) the records of a name. */
  set(name: string, records: TestDnsRecords): void {
    this.zone.set(normaliseHostname(name), records);
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>(resolve => this.#udp.close(() => resolve()));
    await new Promise(resolve => this.#tcp.close(resolve));
  }

  #serveTcp(socket: net.Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Each message is preceded by its length in two bytes (RFC 1035 4.2.2).
      while (
        buffered.length >= 2 &&
        buffered.length >= 2 + buffered.readUInt16BE(0)
      ) {
        const length = buffered.readUInt16BE(0);
        const query = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        this.tcpQueries++;
        const answer = this.#answer(query, 65535);
        if (answer) {
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(answer.length);
          socket.write(Buffer.concat([prefix, answer]));
        }
      }
    });
  }

  /** The response to one query, or undefined to stay silent. */
  #answer(query: Buffer, limit: number): Buffer | undefined {
    const question = query.length < 12 ? undefined : readQuestion(query);
    if (!question) {
      return undefined;
    }
    const { name, type, end } = question;
    this.questions.push(`${name} ${typeName(type)}`);
    if (this.silent) {
      return undefined;
    }
    const records = this.zone.get(name);
    let rcode = 0;
    let answers: Buffer[] = [];
    if (!records) {
      rcode = RCODE_NXDOMAIN;
    } else if (type === TYPE_A) {
      answers = (records.a ?? []).map(ip =>
        record(TYPE_A, addressBytes(ip, 4)),
      );
    } else if (type === TYPE_AAAA) {
      answers = (records.aaaa ?? []).map(ip =>
        record(TYPE_AAAA, addressBytes(ip, 16)),
      );
    } else if (type === TYPE_SRV) {
      answers = (records.srv ?? []).map(srv => {
        const fixed = Buffer.alloc(6);
        fixed.writeUInt16BE(srv.priority ?? 10, 0);
        fixed.writeUInt16BE(srv.weight ?? 0, 2);
        fixed.writeUInt16BE(srv.port, 4);
        return record(TYPE_SRV, Buffer.concat([fixed, encodeName(srv.name)]));
      });
    } else {
      rcode = RCODE_NOTIMP;
    }
    const questionBytes = query.subarray(12, end);
    const size =
      12 + questionBytes.length + answers.reduce((n, a) => n + a.length, 0);
    const truncated = size > limit;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0); // id
    const recursionDesired = query.readUInt16BE(2) & 0x0100;
    header.writeUInt16BE(
      0x8000 |
        0x0400 |
        (truncated ? 0x0200 : 0) |
        recursionDesired |
        0x0080 |
        rcode,
      2,
    );
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(truncated ? 0 : answers.length, 6);
    return Buffer.concat([
      header,
      questionBytes,
      ...(truncated ? [] : answers),
    ]);
  }
}

function typeName(type: number): string {
  return (
    { [TYPE_A]: 'A', [TYPE_AAAA]: 'AAAA', [TYPE_SRV]: 'SRV' }[type] ??
    String(type)
  );
}

/** The question's name, type and where it ends (queries carry no compression). */
function readQuestion(
  query: Buffer,
): { name: string; type: number; end: number } | undefined {
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length) {
    const length = query[offset];
    offset += 1;
    if (length === 0) {
      if (offset + 4 > query.length) return undefined;
      return {
        name: labels.join('.').toLowerCase(),
        type: query.readUInt16BE(offset),
        end: offset + 4,
      };
    }
    labels.push(query.toString('latin1', offset, offset + length));
    offset += length;
  }
  return undefined;
}

function encodeName(name: string): Buffer {
  const labels = normaliseHostname(name).split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map(label =>
      Buffer.concat([
        Buffer.from([label.length]),
        Buffer.from(label, 'latin1'),
      ]),
    ),
    Buffer.from([0]),
  ]);
}

/** One answer record for the question's name (a pointer to offset 12). */
function record(type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0);
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(5, 6); // TTL
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

function addressBytes(ip: string, size: 4 | 16): Buffer {
  const parsed = parseIpAddress(ip);
  if (
    !parsed ||
    (size === 4) !== (parsed.version === 4) ||
    ip.includes('::ffff:')
  ) {
    throw new Error(`Not an IPv${size === 4 ? 4 : 6} address: ${ip}`);
  }
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = Number((parsed.value >> BigInt(8 * (size - 1 - i))) & 0xffn);
  }
  return bytes;
}
