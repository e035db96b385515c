/** Emulator timings for tests: fast, but still asynchronous, so every wait is exercised. */
export const FAST = { start: 20, stop: 20, reboot: 20, resize: 30, revertResize: 20, jobQueued: 10, jobRunning: 30 };
