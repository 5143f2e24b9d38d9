// The App's `$` methods, so `fireAncestors` calls from screens and widgets are type-checked.
import '@lightningjs/core';

declare module '@lightningjs/core' {
  namespace Component {
    interface FireAncestorsMap {
      $announceFocus(text: string): void;
      $announce(text: string): void;
      $back(): void;
    }
  }
}
