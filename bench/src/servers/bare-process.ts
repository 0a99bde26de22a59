// Child-process entry: the bare node:http floor. Prints one JSON line when ready.
import { startBareServer } from "./bare-http.js";

const server = await startBareServer();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
