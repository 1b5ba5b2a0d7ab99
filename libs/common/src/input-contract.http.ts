import { Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { openApiSchema, type InputContract } from './input-contract';

/** Checks a request's query or body with the use-case's contract; the use-case then takes it as checked. */
class InputContractPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly contract: InputContract<T>,
    private readonly source: 'query' | 'body',
  ) {}

  transform(value: unknown): T {
    return this.source === 'query' ? this.contract.parseQuery(value) : this.contract.parse(value);
  }
}

type Properties = Record<string, { description?: string } & Record<string, unknown>>;

/**
 * The whole query string as the use-case's input (`@QueryInput(contract) query: Input`):
 * checked by the contract, and each of its properties documented as a query
 * parameter with the very bounds that are enforced.
 */
export function QueryInput<T>(contract: InputContract<T>): ParameterDecorator {
  return (target, key, index) => {
    Query(new InputContractPipe(contract, 'query'))(target, key, index);
    const schema = openApiSchema(contract.schema);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const [name, { description, ...property }] of Object.entries(schema.properties as Properties)) {
      ApiQuery({ name, required: required.has(name), description, schema: property })(target, key!, descriptor);
    }
  };
}

/** The request body as the use-case's input (`@BodyInput(contract) body: Input`), checked and documented by the contract. */
export function BodyInput<T>(contract: InputContract<T>): ParameterDecorator {
  return (target, key, index) => {
    Body(new InputContractPipe(contract, 'body'))(target, key, index);
    ApiInputBody(contract)(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
}

/**
 * Documents the body with the contract where the use-case must check it
 * itself, against what only it knows (an instrument's stored exemption), so
 * the controller hands the body on as it came.
 */
export function ApiInputBody<T, C>(contract: InputContract<T, C>): MethodDecorator {
  return ApiBody({ schema: { title: contract.name, ...openApiSchema(contract.schema) } });
}
