// Entry point of the `keywarden-rotator` command (see bin/keywarden-rotator.js).
import { runCli } from "./main.js";

await runCli();
