// Loopback ports the end-to-end run uses; override when they are taken.
export const e2eAppPort = Number(process.env.E2E_APP_PORT ?? 3210);
export const e2eEmulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 8190);
export const e2eAppUrl = `http://127.0.0.1:${e2eAppPort}`;
export const e2eEmulatorUrl = `http://127.0.0.1:${e2eEmulatorPort}`;
