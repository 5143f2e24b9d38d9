import { InProcessChannel } from '@madoguchi/jpki-card';
import {
  AID,
  CLA,
  encodeCommand,
  hex,
  INS,
  SELECT_P1,
  SELECT_P2_NO_FCI,
  toHex,
  type CardChannel,
} from '@madoguchi/protocol';
import { newCard } from '../helpers/cards';
import type { SupervisedPcscReader } from '../../src/transport/supervised-pcsc-reader';
import { testPcscReader, watchReader } from '../helpers/pcsc-reader';
import { describePcsc, startCardStack, type CardStack } from '../helpers/pcsc-stack';

/**
 * What the driver relies on from any CardChannel: the ATR of the inserted card, one response APDU (data + SW) per
 * command, extended-length APDUs carried both ways, and CARD_REMOVED for good once the card has left.
 */
interface Harness {
  channel: CardChannel;
  remove(): Promise<void>;
}

function cardChannelContract(name: string, make: () => Promise<Harness>, teardown: () => Promise<void>) {
  describe(`CardChannel contract: ${name}`, () => {
    afterEach(teardown);

    it('reports the inserted card ATR and answers a SELECT with 90 00', async () => {
      const { channel } = await make();
      expect(toHex(channel.atr)).toBe(toHex((await newCard('valid')).atr));
      const select = encodeCommand({
        cla: CLA.ISO,
        ins: INS.SELECT,
        p1: SELECT_P1.BY_AID,
        p2: SELECT_P2_NO_FCI,
        data: AID.JPKI,
      });
      expect(toHex(await channel.transmit(select))).toBe('90 00');
    });

    it('carries an extended READ BINARY response of more than 256 bytes', async () => {
      const { channel } = await make();
      await channel.transmit(hex('00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01'));
      await channel.transmit(hex('00 A4 02 0C 02 00 0A'));
      const response = await channel.transmit(hex('00 B0 00 00 00 02 00'));
      expect(response).toHaveLength(0x200 + 2);
      expect(toHex(response.subarray(-2))).toBe('90 00');
    });

    it('rejects CARD_REMOVED once the card has left', async () => {
      const { channel, remove } = await make();
      await remove();
      await expect(
        channel.transmit(hex('00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01')),
      ).rejects.toMatchObject({
        code: 'CARD_REMOVED',
      });
    });
  });
}

cardChannelContract(
  'InProcessChannel',
  async () => {
    const channel = new InProcessChannel(await newCard('valid'));
    return { channel, remove: async () => channel.remove() };
  },
  async () => undefined,
);

let stack: CardStack | undefined;
let reader: SupervisedPcscReader | undefined;
describePcsc('through real pcscd', () => {
  cardChannelContract(
    'the service reader (pcsclite in a supervised child process)',
    async () => {
      stack = await startCardStack(await newCard('valid'));
      const r = testPcscReader(stack.readerName);
      reader = r;
      const seen = watchReader(r);
      await seen.waitFor('present');
      const channel = await r.connect();
      const s = stack;
      return {
        channel,
        remove: async () => {
          await s.vpcd.remove();
          await seen.waitFor('absent');
        },
      };
    },
    async () => {
      await reader?.close();
      await stack?.stop();
      reader = undefined;
      stack = undefined;
    },
  );
});
