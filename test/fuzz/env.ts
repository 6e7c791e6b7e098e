/**
 * The fuzz project's environment (vitest.config.ts): the tables, queues, secrets and settings the
 * public functions read, the unit tests' own values where they have them.
 */
export const FUZZ_ENV = {
  CASES_TABLE_NAME: 'cases',
  DIRECTORY_TABLE_NAME: 'directory',
  METRICS_TABLE_NAME: 'metrics',
  REQUEST_MARKS_TABLE_NAME: 'request-marks',
  INTAKE_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/intake',
  ARCHIVE_BUCKET_NAME: 'archive',
  STAGING_BUCKET_NAME: 'uploads-staging',
  CONTACT_HASH_KEY: 'unit-test-contact-key',
  CALLBACK_RAW_KEY: Buffer.alloc(32, 7).toString('base64'),
  FEEDBACK_TOKEN_KEY: 'fuzz-feedback-token-key-0123456789',
  DISCLOSURE_IDENTITY_KEY: 'fuzz-disclosure-identity-key',
  NOTICE_RECEIPT_KEY: 'fuzz-receipt-key-0123456789abcdef',
  HOTLINE_HMAC_SECRET: 'unit-test-hotline-secret',
  PUBLIC_BASE_URL: 'https://12345.example.gov.cn/',
  // An SMS provider whose client is mocked, so the phone verification paths are reached.
  NOTICE_SMS_PROVIDER: 'aws',
  WEBFORM_PHONE_VERIFICATION: 'optional',
  // WECHAT_SECRETS of test/unit/fixtures/wechat.ts (the official sample's token, key and AppID);
  // written out here because vitest.config.ts reads this file and must not load the WeChat client.
  WECHAT_TOKEN: 'QDG6eK',
  WECHAT_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECHAT_APP_ID: 'wx5823bf96d3bd56c7',
  // Both modes are fuzzed: plain mode accepted, safe mode too.
  WECHAT_REQUIRE_SAFE_MODE: 'false',
  // The console's sign-in (as the serve-web unit tests set it): without it config.json is a 503 by design.
  CONSOLE_OIDC_ISSUER: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc',
  CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/oauth2/authorize',
  CONSOLE_OIDC_TOKEN_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/oauth2/token',
  CONSOLE_OIDC_END_SESSION_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/logout',
  CONSOLE_OIDC_LOGOUT_STYLE: 'cognito',
  CONSOLE_OIDC_CLIENT_ID: 'console-client',
} as const;
