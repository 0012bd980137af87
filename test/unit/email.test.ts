import { describe, expect, it } from 'vitest';
import { emailDomainAllowed, isEmail, normaliseEmail } from '../../src/domain/email.ts';

describe('normaliseEmail', () => {
  it.each([
    ['Alice@Example.COM', 'alice@example.com'],
    ['  bob@example.com\n', 'bob@example.com'],
    ['already@fine.io', 'already@fine.io'],
  ])('%j → %j', (email, normalised) => {
    expect(normaliseEmail(email)).toBe(normalised);
  });
});

describe('isEmail', () => {
  it.each([
    ['alice@example.com', true],
    ['Alice.Smith+neon@Example.co.uk', true],
    [" o'brien@example.com ", true],
    ['a@b.co', true],
    ['user@xn--bcher-kva.example', true],
    ['', false],
    ['alice', false],
    ['alice@', false],
    ['@example.com', false],
    ['alice@example', false],
    ['alice@@example.com', false],
    ['a@b@example.com', false],
    ['alice smith@example.com', false],
    ['alice@exa mple.com', false],
    ['.alice@example.com', false],
    ['alice.@example.com', false],
    ['al..ice@example.com', false],
    ['alice@-example.com', false],
    ['alice@example-.com', false],
    ['alice@example..com', false],
    ['alice@example.com.', false],
    ['"quoted"@example.com', false],
    ['alice@[127.0.0.1]', false],
    ['<mailto:alice@example.com>', false],
    ['alice@exämple.com', false],
    [`${'a'.repeat(65)}@example.com`, false],
    [`a@${'b'.repeat(64)}.com`, false],
    [`a@${'b.'.repeat(130)}com`, false],
  ])('%j → %s', (email, valid) => {
    expect(isEmail(email)).toBe(valid);
  });
});

describe('emailDomainAllowed', () => {
  it.each<[string, string[], boolean]>([
    ['alice@example.com', [], true],
    ['alice@anything.dev', [], true],
    ['alice@example.com', ['', '  '], true],
    ['not-an-email', [], false],
    ['alice@example.com', ['example.com'], true],
    ['Alice@EXAMPLE.com', ['Example.COM'], true],
    ['alice@example.com', [' example.com '], true],
    ['alice@example.com', ['@example.com'], true],
    ['alice@example.com', ['other.org', 'example.com'], true],
    ['alice@other.org', ['example.com'], false],
    ['alice@eu.example.com', ['example.com'], false],
    ['alice@eu.example.com', ['example.com', 'eu.example.com'], true],
    ['alice@example.com', ['eu.example.com'], false],
    ['alice@notexample.com', ['example.com'], false],
    ['alice@example.com.evil.io', ['example.com'], false],
    ['alice@example.com@evil.io', ['example.com'], false],
    ['alice@evil.io', ['evil.io.example.com'], false],
  ])('%j in %j → %s', (email, allowed, ok) => {
    expect(emailDomainAllowed(email, allowed)).toBe(ok);
  });
});
