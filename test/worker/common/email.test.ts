import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth, SENDER_NAME_COLUMNS, sendEmail, SUBJECT_COLUMNS } from '../../../src/common/email.ts';
import { composeDigest } from '../../../src/digests/compose.ts';
import { publicReport } from '../support/builders.ts';
import { OPTIONS } from '../digests/fixtures.ts';

/** No lone surrogate: a string that encodes to UTF-8 and back unchanged. */
const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text)) === text;

const graphemes = (text: string) => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** Text whose characters take one or two columns and one to eleven UTF-16 units each. */
const MIXED = '网络空间𠀀国际法治 👨‍👩‍👧‍👦 e\u0301cole 🇨🇳🇬🇧 ｶﾀｶﾅ １２３ Cyberspace 治理 👍🏽！';

describe('display width', () => {
  it('counts Han, kana, Hangul, full-width forms and emoji as two columns, and a letter with its accent as one', () => {
    expect(displayWidth('Herald')).toBe(6);
    expect(displayWidth('网络空间')).toBe(8);
    expect(displayWidth('𠀀')).toBe(2);
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('１２３！')).toBe(8);
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2);
    expect(displayWidth('🇨🇳')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
  });

  it('cuts at every width between graphemes, never past the width, with an ellipsis', () => {
    const whole = graphemes(MIXED);
    for (let columns = 1; columns <= displayWidth(MIXED) + 2; columns += 1) {
      const cut = cutToWidth(MIXED, columns);
      expect(displayWidth(cut), `${columns}`).toBeLessThanOrEqual(columns);
      expect(wellFormed(cut)).toBe(true);
      if (cut === MIXED) continue;
      expect(cut.endsWith('…')).toBe(true);
      const kept = graphemes(cut.slice(0, -1));
      // Every kept grapheme is the text's own, whole: nothing split, nothing changed.
      expect(kept, `${columns}`).toEqual(whole.slice(0, kept.length));
    }
    expect(cutToWidth(MIXED, displayWidth(MIXED))).toBe(MIXED);
  });
});

const from = (sent: { from: unknown }) => sent.from as { email: string; name: string };

describe('subjects', () => {
  const longTitle = '关于网络空间国际规则制定与全球数字治理体系变革的高级别国际研讨会暨第二届网络空间法治论坛在武汉大学隆重举行';

  it('cuts a long Chinese title so the whole subject fits, keeping its frame', async () => {
    const one = composeDigest([await publicReport({ title: longTitle, lang: 'zh-Hans' })], { ...OPTIONS, lang: 'zh' });
    expect(one.subject.startsWith('新报告：关于网络空间')).toBe(true);
    expect(one.subject.endsWith('…')).toBe(true);
    expect(displayWidth(one.subject)).toBeLessThanOrEqual(SUBJECT_COLUMNS);
    expect(displayWidth(one.subject)).toBeGreaterThanOrEqual(SUBJECT_COLUMNS - 1);
    const three = composeDigest(
      [await publicReport({ title: longTitle, lang: 'zh-Hans', published: '2026-11-03' }), await publicReport({ title: '其二', lang: 'zh' }), await publicReport({ title: '其三', lang: 'zh' })],
      { ...OPTIONS, lang: 'zh' },
    );
    expect(three.subject).toMatch(/^3 篇新报告：关于网络空间.*…等$/);
    expect(displayWidth(three.subject)).toBeLessThanOrEqual(SUBJECT_COLUMNS);
    // An English subject that fits is left whole.
    const english = composeDigest([await publicReport({ title: 'Workshop on International Rule of Law in Cyberspace' })], OPTIONS);
    expect(english.subject).toBe('New report: Workshop on International Rule of Law in Cyberspace');
  });

  it('hands the email service a subject and a sender name cut by width, well-formed, on one line, and the service accepts them', async () => {
    const given: { subject: string; from: unknown }[] = [];
    const binding = {
      async send(message: EmailMessageBuilder) {
        given.push({ subject: message.subject, from: message.from });
        // The local Email Service simulator: the real binding, which must accept what Herald sends.
        return env.EMAIL.send(message);
      },
    } as unknown as SendEmail;
    const name = '网络空间国际治理研究院 · 每日摘要 · Research Institute for Cyberspace Governance 👩🏽‍💻';
    const outcome = await sendEmail(binding, { email: 'digest@herald.example.org', name }, { to: 'reader@example.org', subject: `新报告：${longTitle}\r\nBcc: victim@example.org 🇨🇳`, text: '正文', html: '<p>正文</p>' });
    expect(outcome.status).toBe('submitted');
    const [sent] = given;
    expect(sent!.subject).not.toMatch(/[\r\n]/);
    expect(wellFormed(sent!.subject)).toBe(true);
    expect(wellFormed(from(sent!).name)).toBe(true);
    expect(displayWidth(sent!.subject)).toBeLessThanOrEqual(SUBJECT_COLUMNS);
    expect(sent!.subject.startsWith('新报告：关于网络空间国际规则制定')).toBe(true);
    const mailbox = from(sent!);
    expect(mailbox.email).toBe('digest@herald.example.org');
    expect(mailbox.name).toBe(cutToWidth(name, SENDER_NAME_COLUMNS));
    expect(mailbox.name.startsWith('网络空间国际治理研究院 · 每日摘要')).toBe(true);
    expect(displayWidth(mailbox.name)).toBeLessThanOrEqual(SENDER_NAME_COLUMNS);
  });
});
