import { describe, expect, it } from 'vitest';
import { compactTrackingNo, trackingNoFromQuery } from '../../citizen/src/lookup-link.js';

describe('Function: trackingNoFromQuery', () => {
  it('reads the tracking number of a notice’s link, in the form the page shows', () => {
    // Act
    const linked = [
      trackingNoFromQuery('?trackingNo=260105-7K3M-Q9RT'),
      trackingNoFromQuery('?trackingNo=260105%207k3m%20q9rt'),
      trackingNoFromQuery('trackingNo=2601057K3MQ9RT'),
    ];

    // Assess
    expect(linked).toEqual(['260105-7K3M-Q9RT', '260105-7K3M-Q9RT', '260105-7K3M-Q9RT']);
  });

  it('takes nothing but the tracking number: the phone’s last four in a link are ignored', () => {
    // Act
    const linked = trackingNoFromQuery('?phoneLast4=1234&trackingNo=260105-7K3M-Q9RT&last4=5678');

    // Assess
    expect(linked).toBe('260105-7K3M-Q9RT');
    expect(trackingNoFromQuery('?phoneLast4=1234')).toBeUndefined();
  });

  it('gives nothing for an absent, empty or malformed number', () => {
    // Act
    const given = [
      '',
      '?',
      '?trackingNo=',
      '?trackingNo=260105-7K3M-Q9R',
      '?trackingNo=260105-IL0U-Q9RT',
      '?trackingNo=<script>',
    ];

    // Assess
    expect(given.map(trackingNoFromQuery)).toEqual(given.map(() => undefined));
  });
});

describe('Function: compactTrackingNo', () => {
  it('upper-cases and drops spaces and dashes, as the lookup form does', () => {
    // Assess
    expect(compactTrackingNo(' 260105-7k3m q9rt ')).toBe('2601057K3MQ9RT');
  });
});
