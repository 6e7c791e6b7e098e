import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from '../../../shared/domain/attachment.js';
import html from '../../citizen/index.html?raw';
import { APPEAL_FIELDS } from '../../citizen/src/appeal-rules.js';

// The citizen page's markup: the ids the script and the browser tests use, and the limits written in
// it agree with the ones the upload function enforces (shared/domain/attachment.ts).

describe('Page: web/citizen/index.html', () => {
  it('is a Chinese page sized for a phone', () => {
    // Assess
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('holds the appeal form with a label and an error line for every field, and the lookup form', () => {
    // Assess
    expect(html).toContain('<form id="appeal-form"');
    for (const id of APPEAL_FIELDS) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`id="err-${id}"`);
    }
    expect(html).toContain('<form id="lookup-form"');
    expect(html).toContain('<label for="lookup-no">工单号</label>');
    expect(html).toContain('<label for="lookup-last4">手机号后四位</label>');
  });

  it('offers the photo types, count and size the upload function accepts', () => {
    // Assess
    expect(html).toContain(`accept="${Object.keys(ATTACHMENT_TYPES).join(',')}"`);
    expect(html).toContain(`最多 ${MAX_ATTACHMENTS} 张，每张不超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  });

  it('has no inline script or style, and loads only its own module script', () => {
    // Assess
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="./src/main.ts">']);
  });
});
