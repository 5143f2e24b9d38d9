import Lightning from '@lightningjs/core';
import { BOX_MODELS } from '../../src/keys/key-maps';

type Ctor = new (...args: never[]) => Lightning.Component;

/**
 * Mounts one component as the focused child of a Lightning application on jsdom's mocked canvas (canvas2d, no
 * render loop), with the generic box's key map. `press` delivers a remote key code like the box would.
 */
export function mount<T extends Ctor>(
  type: T,
  props: Record<string, unknown> = {},
  ancestors: Record<string, unknown> = {},
) {
  class TestApp extends Lightning.Application {
    static override _template() {
      return { Subject: { type, ...props } };
    }
    override _getFocused() {
      return this.tag('Subject');
    }
  }
  Object.assign(TestApp.prototype, ancestors);
  const app = new TestApp({
    stage: { w: 1920, h: 1080, canvas2d: true, autostart: false, useImageWorker: false },
    keys: BOX_MODELS.generic,
  } as never);
  const subject = app.tag('Subject') as InstanceType<T>;
  return {
    app,
    subject,
    press(keyCode: number) {
      // Lightning's own entry point for key events (not in its public types).
      (app as unknown as { _receiveKeydown(e: { keyCode: number }): void })._receiveKeydown({ keyCode });
    },
    destroy() {
      app.destroy();
    },
  };
}
