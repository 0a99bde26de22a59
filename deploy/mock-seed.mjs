// Prints the stand-in key service's seed (see the mock's README, "Seed file") with expiries relative
// to now: a seed file can only hold fixed instants, and a fixed one would stop being "due soon" (or
// become long expired) a few days after this file was written.
const day = 24 * 60 * 60 * 1000;
const inDays = (days) => new Date(Date.now() + days * day).toISOString().replace(/\.\d{3}Z$/, "Z");

const seed = {
  keys: [
    // Due: inside the rotator's default 7-day window, so the first scan rotates it.
    { owner: "admin", name: "billing", secret: "billing-secret-before-rotation", expiresAt: inDays(2) },
    // Not due: stays as it is, so the plan shows both kinds.
    { owner: "admin", name: "reporting", secret: "reporting-secret", expiresAt: inDays(60) },
  ],
  alertCount: 0,
};

process.stdout.write(`${JSON.stringify(seed, null, 2)}\n`);
