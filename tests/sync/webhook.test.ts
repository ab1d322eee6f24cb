import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../main/hub/server';
import { checkWebhookUrl } from '../../main/hub/webhook';
import { startCenter } from './harness';
import { usePostgres } from './use-postgres';

/**
 * Issue 16 (optional part): the hub posts to the center's group robot when a
 * review step waits and when tasks go overdue — each once, across hub
 * processes, again after the robot refused one — to a receiver on loopback.
 */

const pgServer = usePostgres();

interface Received {
  url: URL;
  body: { msgtype: string; text: { content: string } };
}

/** A 钉钉-like robot: checks the signature, answers errcode 45009 (too many) when told to. */
async function robot(secret: string): Promise<{ server: Server; url: string; got: Received[]; refuseNext: { n: number } }> {
  const got: Received[] = [];
  const refuseNext = { n: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const ts = url.searchParams.get('timestamp') ?? '';
      const sign = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      res.setHeader('content-type', 'application/json');
      if (url.searchParams.get('sign') !== sign) return void res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      if (refuseNext.n > 0) {
        refuseNext.n--;
        return void res.end(JSON.stringify({ errcode: 45009, errmsg: 'too many' }));
      }
      got.push({ url, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=t0k3n`, got, refuseNext };
}

describe('the hub’s group robot webhook', () => {
  it('announces a review waiting at each step and a digest of overdue tasks, each once, across two hub processes; a refused post is sent again', async () => {
    const center = await startCenter(pgServer());
    const secret = 'SEC-test-signing-secret';
    const bot = await robot(secret);
    const hook = { url: bot.url, secret, intervalMs: 0 };
    const hubA = await startHub({ pg: center.pgUrl, port: 0, insecureHttp: true, webhook: hook });
    const hubB = await startHub({ pg: center.pgUrl, port: 0, insecureHttp: true, webhook: hook });
    try {
      const convener = await center.client('林晓峰');
      const owner = await center.client('宋可欣');
      const manager = await center.client('陈思远');
      const project = await convener.call('projects.create', { name: '春季文旅节', startDate: '2027-01-20', endDate: '2027-12-20', convenerId: center.people.get('林晓峰') });
      await convener.call('projects.group.add', { projectId: project.id, personId: center.people.get('宋可欣')!, role: '编辑', hoursPerWeek: 10 });
      const post = await convener.call('deliverables.create', { projectId: project.id, title: '文旅节[点我](https://evil.example)推文', platform: 'wechat', productForm: 'text_image' });
      await convener.sync.sync();
      await owner.sync.sync();
      // Submitted offline at the venue; the robot hears of it once it reaches the hub.
      owner.transport.offline = true;
      const round = await owner.call('reviews.submit', { deliverableId: post.id, content: 'https://example.com/preview/wenlv' });
      expect(await hubA.webhook!.scanNow()).toEqual({ sent: 0, failed: 0 });
      owner.transport.offline = false;
      await owner.sync.sync();

      // The robot refuses the first post (rate limit): nothing is marked sent, the next scan sends it.
      bot.refuseNext.n = 1;
      expect(await hubA.webhook!.scanNow()).toEqual({ sent: 0, failed: 1 });
      expect(await hubA.webhook!.scanNow()).toEqual({ sent: 1, failed: 0 });
      // The other hub process does not send it again.
      expect(await hubB.webhook!.scanNow()).toEqual({ sent: 0, failed: 0 });
      expect(bot.got).toHaveLength(1);
      const first = bot.got[0]!.body;
      expect(first.msgtype).toBe('text'); // plain text: the title's markdown link stays text
      expect(first.text.content).toContain('待审核：《文旅节[点我](https://evil.example)推文》第 1 版');
      expect(first.text.content).toContain('当前：初审（1/3），等待 林晓峰');
      expect(first.text.content).toContain('送审：宋可欣');

      // 初审 approves on the convener's desktop: 复审 waits now, announced once.
      await convener.sync.sync();
      await convener.call('reviews.decide', { roundId: round.id, decision: 'approve', comment: '' });
      await convener.sync.sync();
      expect(await hubB.webhook!.scanNow()).toEqual({ sent: 1, failed: 0 });
      expect(bot.got[1]!.body.text.content).toContain('当前：复审（2/3），等待 陈思远');

      // A task that went overdue an hour ago: one digest naming it and who has it.
      await manager.sync.sync();
      await convener.call('tasks.create', { projectId: project.id, title: '踩点拍摄', assigneeIds: [center.people.get('宋可欣')!], dueAt: Date.now() - 3600_000 });
      await convener.sync.sync();
      expect(await hubA.webhook!.scanNow()).toEqual({ sent: 1, failed: 0 });
      const digest = bot.got[2]!.body.text.content;
      expect(digest).toMatch(/^【融媒项目台】逾期未完成 1 项\n· 踩点拍摄（春季文旅节）截止 .+，负责人 宋可欣$/);
      expect(await hubA.webhook!.scanNow()).toEqual({ sent: 0, failed: 0 });
      expect(await hubB.webhook!.scanNow()).toEqual({ sent: 0, failed: 0 });
      expect(bot.got).toHaveLength(3);
      // Every post carried a valid 钉钉 signature (the robot drops unsigned ones).
      expect(bot.got.every((g) => g.url.searchParams.get('access_token') === 't0k3n')).toBe(true);
    } finally {
      await hubA.close();
      await hubB.close();
      bot.server.close();
      await center.close();
    }
  });

  it('takes only an http(s) address without credentials in it', () => {
    expect(() => checkWebhookUrl('file:///etc/passwd')).toThrow(/http/);
    expect(() => checkWebhookUrl('https://user:pw@qyapi.example/cgi-bin/webhook/send?key=k')).toThrow(/user name or password/);
    expect(checkWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k').host).toBe('qyapi.weixin.qq.com');
  });
});
