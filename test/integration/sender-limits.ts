// The sender limit the test stack runs with (global-setup puts it in the handlers' environment).
// Above the defaults (10 per 10 minutes, 30 a day): merge-flow's WeChat citizen files 32 appeals
// in a row (its "30 more repeats"), which the defaults would refuse from the 11th on.
export const TEST_SENDER_LIMIT = { perWindow: 35, windowMinutes: 10, perDay: 100 } as const;
