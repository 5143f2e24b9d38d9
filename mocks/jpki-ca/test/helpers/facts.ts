import type { BasicFour } from '@madoguchi/protocol';

/** A holder as the 券面事項入力補助 AP would describe her. */
export const HANAKO: BasicFour = {
  name: '山田 花子',
  address: '東京都千代田区霞が関二丁目1番2号',
  dateOfBirth: '19500315',
  sex: '2',
};

/** The frozen clock most tests run at. */
export const T0 = new Date('2025-04-01T00:00:00Z');

export const daysAfter = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);
