import { describe, expect, it } from 'vitest';
import { DYNAMODB_FEATURES, dynamoDbFromEnv } from '../../../local/dynamodb-engine.js';

describe('Module: the local DynamoDB emulator choice (LOCAL_DYNAMODB)', () => {
  it('runs DynamoDB Local when the variable is unset, empty or names it', () => {
    // Act
    const chosen = [undefined, '', 'dynamodb-local'].map((raw) => dynamoDbFromEnv(raw));

    // Assess
    expect(chosen).toEqual(['dynamodb-local', 'dynamodb-local', 'dynamodb-local']);
  });

  it('runs dynalite when named, which has no streams and no TTL setting', () => {
    // Act
    const chosen = dynamoDbFromEnv('dynalite');

    // Assess
    expect(chosen).toBe('dynalite');
    expect(DYNAMODB_FEATURES[chosen]).toEqual({ streams: false, timeToLive: false });
  });

  it('refuses any other value, naming it', () => {
    // Assess
    expect(() => dynamoDbFromEnv('Dynalite')).toThrow(/'Dynalite'/);
  });
});
