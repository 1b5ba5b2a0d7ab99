import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldViolation } from '@app/common';

function flatten(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith('property ') && message.endsWith(' should not exist') ? 'unknown field' : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Rejects unknown fields instead of silently dropping them (a typo in a field
 * name must not pass as "not provided"), and reports every violation with its
 * path in one problem document.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(flatten(errors)),
  });
}
