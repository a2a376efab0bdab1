/**
 * A small description of the TypeScript the emitters want, printed by
 * `module-printer.ts` (the only module that touches ts-morph). Type and value
 * texts are already-formatted TypeScript; names come from `naming.ts`; doc
 * comments are `DocText`, so every string in them went through its escaping.
 */
import type { DocText } from '../model/naming.js';

/** One property of an interface. `key` is printed as is (quoted by `propertyKey`). */
export interface MemberNode {
  readonly key: string;
  readonly type: string;
  readonly optional: boolean;
  readonly docs?: DocText | undefined;
}

export type StatementNode =
  | {
      readonly kind: 'import';
      readonly moduleSpecifier: string;
      readonly names: readonly string[];
      readonly typeOnly: boolean;
    }
  | { readonly kind: 'exportAll'; readonly moduleSpecifier: string; readonly typeOnly: boolean }
  | {
      readonly kind: 'interface';
      readonly name: string;
      readonly docs?: DocText | undefined;
      readonly members: readonly MemberNode[];
    }
  | {
      readonly kind: 'typeAlias';
      readonly name: string;
      readonly docs?: DocText | undefined;
      readonly type: string;
    }
  | {
      readonly kind: 'const';
      readonly name: string;
      readonly docs?: DocText | undefined;
      readonly type?: string | undefined;
      readonly initializer: string;
    }
  | {
      readonly kind: 'function';
      readonly name: string;
      readonly docs?: DocText | undefined;
      readonly parameters: readonly {
        readonly name: string;
        readonly type: string;
        /** Printed as `name: type = initializer`. */
        readonly initializer?: string;
      }[];
      readonly returnType: string;
      readonly body: string;
    }
  /** Text printed verbatim, e.g. the file header or a template's body. */
  | { readonly kind: 'raw'; readonly text: string };

/** One TypeScript module to print. */
export interface ModuleNode {
  /** Path relative to the output folder, with `/`. */
  readonly path: string;
  readonly statements: readonly StatementNode[];
}

/** A generated file: its path relative to the output folder and its full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}
