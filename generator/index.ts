/**
 * `soupkit/generator`: sObject describes → typed soups, index specs and sync
 * configs. Load a config, pick a describe source, then `generate` (write) or
 * `check` (compare); `renderProject` renders in memory.
 *
 * @example
 * import { fileDescribeSource, generate, loadConfig } from 'soupkit/generator';
 * const config = await loadConfig('soupkit.config.json');
 * await generate({ config, source: fileDescribeSource(config.config.describes) });
 */
export {
  DEFAULT_EXCLUDED_OBJECTS,
  defineConfig,
  type GeneratorConfig,
  type IndexConfig,
  type ObjectConfig,
  type ObjectSettings,
  type OrgConfig,
  type ResolvedObjectConfig,
  resolveConfig,
  type SoupkitConfig,
  type SyncDownConfig,
  type SyncUpConfig,
} from './config/config.js';
export { CONFIG_FILE_NAMES, type LoadedConfig, loadConfig } from './config/load-config.js';
export {
  type FieldDescribe,
  type PicklistValueDescribe,
  parseDescribe,
  parseGlobalDescribe,
  type SObjectDescribe,
} from './describe/describe.js';
export type { DescribeProgress, DescribeSource, RawDescribe } from './describe/describe-source.js';
export { fileDescribeSource } from './describe/file-describe-source.js';
export {
  connectToOrg,
  type JsforceDescribeSourceOptions,
  jsforceDescribeSource,
  type OrgAuth,
  OrgRequestError,
  type OrgRequestFailure,
} from './describe/jsforce-describe-source.js';
export type { Manifest } from './emit/emit-configs.js';
export { type GeneratedFile, renderModel, renderProject } from './emit/render-project.js';
export {
  ConfigError,
  type ConfigErrorCode,
  DescribeError,
  type DescribeErrorCode,
  type GenerateErrorCode,
  GeneratorError,
  type GeneratorErrorCode,
} from './errors.js';
export {
  type FileStatus,
  type GenerateOptions,
  type GenerateResult,
  generate,
} from './generate.js';
export { buildModel } from './model/build-model.js';
export { FIELD_TYPE_MAP, type KnownFieldType } from './model/field-type-map.js';
export type * from './model/model.js';
export { selectObjectNames } from './model/select-objects.js';
export { type CheckResult, type CheckStatus, check } from './verify/check.js';
export { shortDiff } from './verify/short-diff.js';
