import {
  AID,
  CARD_INFO_EF,
  encodeBasicFour,
  encodeTlv,
  JPKI_EF,
  MY_NUMBER_TAG,
  PIN_POLICY,
  TOKEN_INFO_LABEL,
  TOKEN_INFO_LENGTH,
  type PinKind,
} from '@madoguchi/protocol';
import type { CardProfile } from '../profile/card-profile';
import type { Application, BinaryFile, CardFile, KeyFile, PinFile } from './card-file';
import { readCardKey } from './rsa-key';

/**
 * The card's file system as data tables, one per application, kept apart from the operations that walk them (as
 * OpenSC keeps pkcs15-jpki.c apart from card-jpki.c). Files a profile lacks are simply absent: SELECT answers 6A 82.
 */
export function buildApplications(profile: CardProfile): Application[] {
  return [
    { name: 'jpki', aid: AID.JPKI, files: new Map(jpkiFiles(profile.jpki)) },
    { name: 'cardInfo', aid: AID.CARD_INFO, files: new Map(cardInfoFiles(profile.cardInfo)) },
    // Selectable so that a client probing it gets a real card's answer; nothing in it is modelled.
    { name: 'cardSurface', aid: AID.CARD_SURFACE, files: new Map() },
  ];
}

function jpkiFiles(jpki: CardProfile['jpki']): Array<[number, CardFile]> {
  const files: Array<[number, CardFile]> = [
    [JPKI_EF.AUTH_CERT, binary(base64(jpki.authCert))],
    [JPKI_EF.AUTH_CA_CERT, binary(base64(jpki.authCaCert))],
    [JPKI_EF.SIGN_CA_CERT, binary(base64(jpki.signCaCert))],
    [JPKI_EF.TOKEN_INFO, binary(ascii(TOKEN_INFO_LABEL.padEnd(TOKEN_INFO_LENGTH, ' ')))],
    [JPKI_EF.AUTH_KEY, key(jpki.authKey, 'auth')],
    [JPKI_EF.AUTH_PIN, pin('auth', jpki.authPin, jpki.tries?.auth)],
  ];
  if (jpki.signCert !== undefined && jpki.signKey !== undefined && jpki.signPin !== undefined) {
    files.push(
      [JPKI_EF.SIGN_CERT, binary(base64(jpki.signCert), { readPin: 'sign' })],
      [JPKI_EF.SIGN_KEY, key(jpki.signKey, 'sign')],
      [JPKI_EF.SIGN_PIN, pin('sign', jpki.signPin, jpki.tries?.sign)],
    );
  }
  return files;
}

function cardInfoFiles(cardInfo: CardProfile['cardInfo']): Array<[number, CardFile]> {
  return [
    [CARD_INFO_EF.PIN, pin('cardInfo', cardInfo.pin, cardInfo.tries)],
    [CARD_INFO_EF.BASIC_FOUR, binary(encodeBasicFour(cardInfo.basicFour), { readPin: 'cardInfo' })],
    [
      CARD_INFO_EF.MY_NUMBER,
      binary(encodeTlv(MY_NUMBER_TAG, ascii(cardInfo.myNumber)), { readPin: 'cardInfo', countSelects: true }),
    ],
  ];
}

function binary(content: Uint8Array, access: Omit<BinaryFile, 'type' | 'content'> = {}): BinaryFile {
  return { type: 'binary', content, ...access };
}

function key(pem: string, pinKind: PinKind): KeyFile {
  return { type: 'key', key: readCardKey(pem), pin: pinKind };
}

function pin(kind: PinKind, value: string, initialTries = PIN_POLICY[kind].maxTries): PinFile {
  return { type: 'pin', pin: { kind, value, initialTries } };
}

function base64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}
