import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiInputBody } from '@app/common';
import { mintDemoTokenInput } from './mint-demo-token.input';
import { MintDemoTokenUseCase } from './mint-demo-token.usecase';

const IDENTITY = {
  type: 'object',
  required: ['role', 'sub'],
  properties: { role: { type: 'string' }, sub: { type: 'string' }, unitId: { type: 'string' }, department: { type: 'string' } },
};

@ApiTags('demo')
@Controller('demo')
export class DemoController {
  constructor(private readonly demo: MintDemoTokenUseCase) {}

  @Public()
  @Get('identities')
  @ApiOperation({ summary: "The demo's one-click identities (one per role); `enabled: false` and none outside `npm run demo`" })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['enabled', 'identities'],
      properties: { enabled: { type: 'boolean' }, identities: { type: 'array', items: IDENTITY } },
    },
  })
  identities() {
    return this.demo.identities();
  }

  @Public()
  @Post('tokens')
  @HttpCode(200)
  @ApiInputBody(mintDemoTokenInput)
  @ApiOperation({
    summary: 'Demo only: a 12-hour bearer token for one of the demo identities',
    description:
      'Exists only while `npm run demo` runs on its published secret, bound to loopback. In every other mode it answers 404 (problem+json): tokens come from the identity provider.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['token', 'role', 'sub', 'expiresInSeconds'],
      properties: { token: { type: 'string' }, role: { type: 'string' }, sub: { type: 'string' }, expiresInSeconds: { type: 'integer' } },
    },
  })
  @ApiNotFoundResponse({ description: 'not the demo' })
  mint(@Body() body: unknown) {
    return this.demo.execute(body);
  }
}
