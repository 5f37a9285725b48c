import { ArgumentMetadata, Type, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps its decorators' metadata in a module that its index does not export
// (@nestjs/mapped-types reads it the same way). This file is the boundary of that reach: the
// class-transformer and class-validator versions it was checked against are pinned in
// messaging/transport/checked-versions.js, and the build fails when the installed ones differ.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata };

/** One constraint of a property, as class-validator would run it. */
interface PlannedConstraint {
  metadata: ValidationMetadata;
  validate(value: unknown, args: ValidationArguments): unknown;
}

interface PlannedProperty {
  name: string;
  /** IsOptional, ValidateIf: the property is checked only when every one says so. */
  conditions: ValidationMetadata[];
  /** IsDefined: checked even when a condition says no. */
  defined: PlannedConstraint[];
  constraints: PlannedConstraint[];
  /** class-transformer's @Type(() => Number | String | Boolean): the same conversion. */
  convert?: (value: unknown) => unknown;
}

/** What validating a flat DTO class takes, read once from class-validator's and class-transformer's metadata. */
export interface ValidationPlan {
  target: Type<unknown>;
  properties: Map<string, PlannedProperty>;
}

const CONVERSIONS = new Map<unknown, (value: unknown) => unknown>([[Number, Number], [String, String], [Boolean, Boolean]]);

/**
 * The plan for `target`, or null when the class uses anything the plan does not model (nested or
 * async validation, `each`, groups, class-transformer's Expose, Exclude, Transform or @Type to a
 * class): such classes always take ValidationPipe's own path.
 */
export function planValidation(target: Type<unknown>): ValidationPlan | null {
  const storage = getMetadataStorage();
  // The same query ValidationExecutor makes for `validate(object)` without groups.
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  if (metadatas.length === 0) return null;
  if (defaultMetadataStorage.getStrategy(target) !== 'none' || defaultMetadataStorage.getExposedMetadatas(target).length > 0
    || defaultMetadataStorage.getExcludedMetadatas(target).length > 0) return null;
  const properties = new Map<string, PlannedProperty>();
  for (const metadata of metadatas) {
    if (metadata.each || (metadata.groups && metadata.groups.length > 0) || metadata.always !== undefined) return null;
    if (metadata.type === ValidationTypes.NESTED_VALIDATION || metadata.type === ValidationTypes.PROMISE_VALIDATION) return null;
    const name = metadata.propertyName;
    // class-transformer would skip a key that names a method or getter of the class.
    if (name in (target.prototype as object)) return null;
    let property = properties.get(name);
    if (!property) {
      property = { name, conditions: [], defined: [], constraints: [] };
      if (defaultMetadataStorage.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS).length > 0) return null;
      const type = defaultMetadataStorage.findTypeMetadata(target, name);
      if (type) {
        const convert = CONVERSIONS.get(type.typeFunction ? type.typeFunction() : type.reflectedType);
        if (!convert) return null;
        property.convert = convert;
      }
      properties.set(name, property);
    }
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) property.conditions.push(metadata);
    else if (metadata.type === ValidationTypes.WHITELIST) continue;
    else {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        const planned = { metadata, validate: (value: unknown, args: ValidationArguments) => constraint.instance.validate(value, args) };
        (metadata.type === ValidationTypes.IS_DEFINED ? property.defined : property.constraints).push(planned);
      }
    }
  }
  return { target, properties };
}

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Whether every constraint holds for the property's value; a thenable answer (an async constraint) is not this path's business. */
function passes(plan: ValidationPlan, property: PlannedProperty, constraints: PlannedConstraint[], entity: object, value: unknown): boolean {
  for (const { metadata, validate } of constraints) {
    if (metadata.validateIf && !metadata.validateIf(entity, value)) continue;
    const result = validate(value, { targetName: plan.target.name, property: property.name, object: entity, value, constraints: metadata.constraints });
    if (!result || typeof (result as { then?: unknown }).then === 'function') return false;
  }
  return true;
}

/**
 * The instance ValidationPipe (transform, whitelist, forbidNonWhitelisted) would return for
 * `value`, or null whenever it might do anything else: a property it does not know, a value that
 * is not a string, number, boolean or null, any constraint that fails. Null is never an error: the
 * caller then asks ValidationPipe itself, which gives the same instance or the usual error.
 */
export function validateByPlan(plan: ValidationPlan, value: unknown): object | null {
  if (!isPlain(value)) return null;
  const entity = new plan.target() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const property = plan.properties.get(key);
    const raw = value[key];
    if (!property || (raw !== null && typeof raw === 'object') || typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint') return null;
    entity[key] = property.convert && raw !== null && raw !== undefined ? property.convert(raw) : raw;
  }
  // Whitelisting looks at the instance, field initialisers included.
  for (const key of Object.keys(entity)) if (!plan.properties.has(key)) return null;
  for (const property of plan.properties.values()) {
    const current = entity[property.name];
    // As ValidationExecutor.performValidations: a condition that says no skips the property, IsDefined included.
    if (!property.conditions.every((c) => (c.constraints[0] as (object: object, value: unknown) => boolean)(entity, current))) continue;
    if (!passes(plan, property, property.defined, entity, current) || !passes(plan, property, property.constraints, entity, current)) return null;
  }
  return entity;
}

/**
 * ValidationPipe, with flat DTOs (every property a string, number, boolean or null) checked
 * straight against the constraints their decorators registered. ValidationPipe builds
 * ValidationError objects, groups and filters the class's metadata and copies the body through
 * class-transformer on every call: 20–60 µs per request, a sixth of the booking service's and the
 * gateway's CPU per booking. Only bodies the plan accepts take this path; anything else, and every
 * invalid body, goes through ValidationPipe itself, so errors and messages are exactly its own.
 */
export class PlannedValidationPipe extends ValidationPipe {
  private readonly plans = new Map<Type<unknown>, ValidationPlan | null>();
  private readonly plannable: boolean;

  constructor(options: ValidationPipeOptions) {
    super(options);
    const { transform, whitelist, forbidNonWhitelisted, exceptionFactory: _e, validationError: _v, ...rest } = options;
    // The plan models exactly these options; with any other it stands aside. How errors are built
    // (exceptionFactory, validationError) does not change which bodies are valid: an invalid body
    // always goes through ValidationPipe, which builds them.
    this.plannable = transform === true && whitelist === true && forbidNonWhitelisted === true && Object.keys(rest).length === 0;
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const target = metadata.metatype as Type<unknown> | undefined;
    if (this.plannable && target && this.toValidate(metadata)) {
      let plan = this.plans.get(target);
      if (plan === undefined) {
        plan = planValidation(target);
        this.plans.set(target, plan);
      }
      const entity = plan ? validateByPlan(plan, value) : null;
      if (entity) return entity;
    }
    return super.transform(value, metadata);
  }
}
