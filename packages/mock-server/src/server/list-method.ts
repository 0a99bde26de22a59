import type { Server } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";

// Vault's clients list with the method LIST (its CLI, its Go client, hvac, node-vault), which
// Node's HTTP parser (llhttp) does not know: it fails the request line before any handler runs. The
// parser fails at the `S` of `LIST` (no method starts with `LIS`), and hands the socket to
// `clientError` with the bytes it was given. From there the connection is served again through a
// stream that starts with the same request written as `GET`, and the server is told, by the
// connection's identity rather than by anything a client could send, that its first request is a
// LIST. That answer closes the connection, so no connection is rewritten twice.

const listConnections = new WeakSet<object>();

/** Whether a request is the LIST a rewritten connection starts with (true once per connection). */
export function takeListMethod(socket: object): boolean {
  return listConnections.delete(socket);
}

/** The connection's request as `GET`, when the parse error is the `S` of a `LIST` request line. */
function asGetRequest(error: Error & { code?: string; bytesParsed?: number; rawPacket?: Buffer }) {
  const { rawPacket, bytesParsed } = error;
  if (error.code !== "HPE_INVALID_METHOD" || rawPacket === undefined || bytesParsed === undefined) {
    return undefined;
  }
  const at = bytesParsed;
  if (rawPacket.toString("latin1", at, at + 3) !== "ST ") return undefined;
  // `LI` came before, in this chunk or (rarely) at the end of the previous one
  if (at >= 2 && rawPacket.toString("latin1", at - 2, at) !== "LI") return undefined;
  return Buffer.concat([Buffer.from("GET "), rawPacket.subarray(at + 3)]);
}

/** A stream over the socket that replays `head` first, then whatever the socket receives. */
function replaying(socket: Socket, head: Buffer): Duplex {
  const stream = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk, _encoding, done) => {
      socket.write(chunk, done);
    },
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (error, done) => {
      socket.destroy();
      done(error);
    },
  });
  socket.on("data", (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on("end", () => stream.push(null));
  socket.on("close", () => stream.destroy());
  // what node:http and the request log read from a connection
  Object.assign(stream, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    setTimeout: (ms: number, callback?: () => void) => {
      socket.setTimeout(ms, callback);
      return stream;
    },
    setNoDelay: (noDelay?: boolean) => {
      socket.setNoDelay(noDelay);
      return stream;
    },
    setKeepAlive: (enable?: boolean, delay?: number) => {
      socket.setKeepAlive(enable, delay);
      return stream;
    },
  });
  stream.push(head);
  return stream;
}

/**
 * Lets `server` receive LIST requests: a connection whose request line node:http refused as an
 * unknown method is served again, its first request marked for {@link takeListMethod}. Any other
 * parse error still gets `400 Bad Request` and a closed connection.
 */
export function acceptListMethod(server: Server): void {
  server.on("clientError", (error: Error, socket: Socket) => {
    const head = asGetRequest(error);
    if (head === undefined) {
      if (socket.writable) {
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      } else socket.destroy();
      return;
    }
    // node:http's parser failed for good: no more of this socket goes to it
    socket.removeAllListeners("data");
    socket.removeAllListeners("end");
    const stream = replaying(socket, head);
    listConnections.add(stream);
    server.emit("connection", stream);
  });
}
