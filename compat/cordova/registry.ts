/**
 * A `cordova.define` / `cordova.require` module registry: factories run once,
 * on first `require`, with `(require, exports, module)` as in Cordova.
 */
import { CompatError } from '../compat-error.js';

/** What a module factory is given, as in Cordova. */
export type ModuleFactory = (
  require: (id: string) => unknown,
  exports: Record<string, unknown>,
  module: { id: string; exports: unknown },
) => void;

/** A module registry. */
export interface ModuleRegistry {
  define(id: string, factory: ModuleFactory): void;
  require(id: string): unknown;
}

/**
 * A new registry.
 *
 * @example
 * const registry = createRegistry();
 * registry.define('my.module', (require, exports) => { exports.answer = 42; });
 * registry.require('my.module'); // { answer: 42 }
 */
export function createRegistry(): ModuleRegistry {
  const factories = new Map<string, ModuleFactory>();
  const built = new Map<string, { id: string; exports: unknown }>();
  const registry: ModuleRegistry = {
    define(id, factory) {
      factories.set(id, factory);
      built.delete(id);
    },
    require(id) {
      const done = built.get(id);
      if (done !== undefined) return done.exports;
      const factory = factories.get(id);
      if (factory === undefined) {
        throw new CompatError('COMPAT_UNKNOWN_MODULE', `module ${id} not found`);
      }
      const module = { id, exports: {} as unknown };
      built.set(id, module);
      factory(registry.require, module.exports as Record<string, unknown>, module);
      return module.exports;
    },
  };
  return registry;
}
