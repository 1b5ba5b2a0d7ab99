import { Body, Query, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
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

/** The query string with the named path parameters under their input names (a path parameter wins over a query parameter of that name). */
const QueryAndPath = createParamDecorator((path: Record<string, string>, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<{ query?: object; params?: Record<string, string> }>();
  const input: Record<string, unknown> = { ...req.query };
  for (const [param, field] of Object.entries(path)) input[field] = req.params?.[param];
  return input;
});

/**
 * The whole query string as the use-case's input (`@QueryInput(contract) query: Input`):
 * checked by the contract, and each of its properties documented as a query
 * parameter with the very bounds that are enforced. `path` names the route's
 * parameters that are part of the input too (`{ id: 'instrumentId' }`): they
 * are checked with it and documented as path parameters.
 */
export function QueryInput<T>(contract: InputContract<T>, path: Record<string, keyof T & string> = {}): ParameterDecorator {
  return (target, key, index) => {
    const pipe = new InputContractPipe(contract, 'query');
    if (Object.keys(path).length === 0) Query(pipe)(target, key, index);
    else QueryAndPath(path, pipe)(target, key, index);
    const schema = openApiSchema(contract.schema);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    const fromPath = new Map(Object.entries(path).map(([param, field]) => [field as string, param]));
    for (const [name, { description, ...property }] of Object.entries(schema.properties as Properties)) {
      const param = fromPath.get(name);
      if (param !== undefined) ApiParam({ name: param, description, schema: property })(target, key!, descriptor);
      else ApiQuery({ name, required: required.has(name), description, schema: property })(target, key!, descriptor);
    }
  };
}

/**
 * The request body as the use-case's input (`@BodyInput(contract) body: Input`), checked and documented by the contract;
 * `optional`: a request may come without a body (the contract says what none means).
 */
export function BodyInput<T>(contract: InputContract<T>, options: { optional?: boolean } = {}): ParameterDecorator {
  return (target, key, index) => {
    Body(new InputContractPipe(contract, 'body'))(target, key, index);
    ApiInputBody(contract, options)(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
}

/**
 * Documents the body with the contract where the use-case must check it
 * itself, against what only it knows (an instrument's stored exemption), so
 * the controller hands the body on as it came.
 */
export function ApiInputBody<T, C>(contract: InputContract<T, C>, options: { optional?: boolean } = {}): MethodDecorator {
  return ApiBody({ required: !options.optional, schema: { title: contract.name, ...openApiSchema(contract.schema) } });
}
