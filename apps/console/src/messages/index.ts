import codes from './codes';
import common from './common';
import customs from './customs';
import researcher from './researcher';
import unit from './unit';
import commission from './commission';

// Each area keeps its own file, so pages added in parallel do not edit one list.
const zh = { ...common.zh, ...codes.zh, ...researcher.zh, ...customs.zh, ...unit.zh, ...commission.zh };
export type MessageKey = keyof typeof zh;
const en: Record<MessageKey, string> = { ...common.en, ...codes.en, ...researcher.en, ...customs.en, ...unit.en, ...commission.en };

export const messages: Record<'zh' | 'en', Record<MessageKey, string>> = { zh, en };
