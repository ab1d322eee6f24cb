import { AppError, forbidden } from '../../shared/errors';
import type { Role } from '../../shared/domain';
import type { Actor, ReadCtx } from './context';

export function requireActor(ctx: ReadCtx): Actor {
  if (!ctx.actor) {
    throw new AppError('FORBIDDEN', { zh: '请先选择您是谁', en: 'Pick who you are first' });
  }
  return ctx.actor;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.includes(actor.role);
}

export function requireRole(ctx: ReadCtx, roles: readonly Role[], what: { zh: string; en: string }): Actor {
  const actor = requireActor(ctx);
  if (!hasRole(actor, ...roles)) {
    throw forbidden({
      zh: `您没有权限${what.zh}（需要：${roles.map(roleZh).join('、')}）`,
      en: `You are not allowed to ${what.en} (needs: ${roles.join(', ')})`,
    });
  }
  return actor;
}

const ROLE_ZH: Record<Role, string> = { admin: '管理员', manager: '管理者', convener: '项目召集人', member: '成员' };
const roleZh = (r: Role): string => ROLE_ZH[r];
