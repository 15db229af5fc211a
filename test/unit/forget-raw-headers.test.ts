// The handler every request goes through: forwards each call, then lets go of what a finished
// request no longer needs (undici keeps finished requests queued for a while).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { forgettingRawHeaders } from '../../src/http/forget-raw-headers.ts';
import { createAgent, undiciRequest } from '../../src/http/undici.ts';

type Controller = Dispatcher.DispatchController & { rawHeaders?: unknown };

function recordingHandler(calls: string[], seenRawHeaders: unknown[]): Dispatcher.DispatchHandler {
  return {
    onRequestStart: () => void calls.push('requestStart'),
    onResponseStart: (controller) => {
      calls.push('responseStart');
      seenRawHeaders.push((controller as Controller).rawHeaders);
    },
    onResponseData: (_controller, chunk) => void calls.push(`data ${chunk.toString()}`),
    onResponseEnd: () => void calls.push('responseEnd'),
    onResponseError: (_controller, error) => void calls.push(`error ${error.message}`),
  };
}

describe('forgettingRawHeaders', () => {
  it('forwards every call; the raw headers are gone from the controller once the handler read them', () => {
    const calls: string[] = [];
    const seen: unknown[] = [];
    const handler = forgettingRawHeaders(recordingHandler(calls, seen));
    const controller = { rawHeaders: [Buffer.from('x-a'), Buffer.from('1')] } as unknown as Controller;
    handler.onRequestStart?.(controller, {});
    handler.onResponseStart?.(controller, 200, { 'x-a': '1' }, 'OK');
    handler.onResponseData?.(controller, Buffer.from('body'));
    handler.onResponseEnd?.(controller, {});
    expect(calls).toEqual(['requestStart', 'responseStart', 'data body', 'responseEnd']);
    expect(seen).toEqual([[Buffer.from('x-a'), Buffer.from('1')]]);
    expect(controller.rawHeaders).toBeNull();
  });

  it('reaches the handler no more once the response ended or failed', () => {
    for (const end of ['end', 'error'] as const) {
      const calls: string[] = [];
      const handler = forgettingRawHeaders(recordingHandler(calls, []));
      const controller = {} as Controller;
      if (end === 'end') handler.onResponseEnd?.(controller, {});
      else handler.onResponseError?.(controller, new Error('reset'));
      handler.onResponseData?.(controller, Buffer.from('late'));
      handler.onResponseError?.(controller, new Error('late'));
      expect(calls).toEqual([end === 'end' ? 'responseEnd' : 'error reset']);
    }
  });

  it('offers only the optional calls the handler takes', () => {
    const plain = forgettingRawHeaders(recordingHandler([], []));
    expect(plain.onBodySent).toBeUndefined();
    expect(plain.onRequestUpgrade).toBeUndefined();
    const sent: string[] = [];
    const withSent = forgettingRawHeaders({
      ...recordingHandler([], []),
      onRequestSent: () => sent.push('sent'),
    });
    withSent.onRequestSent?.();
    expect(sent).toEqual(['sent']);
  });

  it('undiciRequest still hands back status, headers and body', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(201, { 'x-answer': '42', 'content-type': 'text/plain' });
      res.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = createAgent({});
    try {
      const { port } = server.address() as AddressInfo;
      const res = await undiciRequest(agent, {
        origin: `http://127.0.0.1:${port}`,
        path: '/',
        method: 'GET',
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-answer']).toBe('42');
      expect(await res.body.text()).toBe('hello');
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
