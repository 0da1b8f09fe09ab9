/**
 * `npm run sandbox`: the standalone sandbox (src/sandbox/standalone.ts) on SANDBOX_PORT (default 4000) of
 * SANDBOX_HOST (default 127.0.0.1), its state kept in SANDBOX_STATE (a JSON file) when set. Point Carryover at it
 * with SANDBOX_URL.
 */
import { startStandaloneSandbox } from './standalone.ts';

const port = Number(process.env.SANDBOX_PORT?.trim() || 4000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`SANDBOX_PORT must be a whole number from 0 to 65535, got "${process.env.SANDBOX_PORT}"`);
  process.exit(1);
}
const hostname = process.env.SANDBOX_HOST?.trim() || '127.0.0.1';
const statePath = process.env.SANDBOX_STATE?.trim() || undefined;

const standalone = await startStandaloneSandbox({ port, hostname, ...(statePath && { statePath }) });
console.log(
  `Sandbox (Google and Graph emulators, mailbox, controls) listening on ${standalone.url}` +
    `${statePath ? `, state kept in ${statePath}` : ' (state in memory only: set SANDBOX_STATE to keep it)'}: ` +
    `start Carryover with SANDBOX_URL=${standalone.url}`,
);

const stop = async (signal: string) => {
  console.log(`${signal}: stopping the sandbox`);
  await standalone.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
