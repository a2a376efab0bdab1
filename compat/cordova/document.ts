/**
 * A `document` for Node, enough for the SDK's hybrid code: an EventTarget
 * where `deviceready` is sticky (a listener added after it fired is still
 * called, as Cordova does), and `fireDocumentEvent`.
 */

/** An EventTarget standing in for the web view's `document`. */
export class NodeDocument extends EventTarget {
  #ready = false;

  override addEventListener(
    type: string,
    listener: Parameters<EventTarget['addEventListener']>[1],
    options?: Parameters<EventTarget['addEventListener']>[2],
  ): void {
    super.addEventListener(type, listener, options);
    if (type === 'deviceready' && this.#ready && listener) {
      const event = new Event('deviceready');
      setImmediate(() =>
        typeof listener === 'function' ? listener(event) : listener.handleEvent(event),
      );
    }
  }

  /** Fires `deviceready` (once). */
  ready(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.dispatchEvent(new Event('deviceready'));
  }

  /**
   * Dispatches a `CustomEvent` whose `detail` is `data.detail`, after the
   * current turn (so a listener registered when a call resolves hears it).
   */
  fireDocumentEvent(type: string, data: { detail?: unknown } = {}): void {
    setImmediate(() => this.dispatchEvent(new CustomEvent(type, { detail: data.detail })));
  }
}
