import { Alert, Button, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Person, Team } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { call } from '../../api/client';
import { PersonSelect } from '../../components/PersonSelect';
import { useLocalized, useT } from '../../i18n';
import { useSession } from './store';

/**
 * Picks who acts in this window. On a single machine that is enough (the OS account is
 * the boundary). On a desktop joined to a hub, anyone but the hub account is asked for
 * their hub password, which the hub checks (main refuses the switch otherwise).
 * `enterButton`: the sign-in screen confirms with a button; the switch dialog acts on pick.
 */
export function PickPerson({ teams, enterButton, onDone }: { teams?: Team[]; enterButton: boolean; onDone?: () => void }) {
  const t = useT();
  const loc = useLocalized();
  const signIn = useSession((s) => s.signIn);
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null);
  const [synced, setSynced] = useState(false);
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call('sync.status', {}).then((s) => setSynced(s.configured));
  }, []);

  const attempt = async (id: string, pw?: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await signIn(id, pw);
      onDone?.();
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN' && synced && !pw) setNeedsPassword(true);
      else setError(e instanceof AppError ? loc(e.localized) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const picked = (id: string, p: Person | undefined): void => {
    setPerson({ id, name: p?.name ?? '' });
    setNeedsPassword(false);
    setPassword('');
    setError(null);
    if (!enterButton) void attempt(id);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {synced && <Typography.Text type="secondary" data-testid="signin-synced">{t('signin.synced')}</Typography.Text>}
      <Space.Compact style={{ width: '100%' }}>
        <PersonSelect
          aria-label={t('signin.placeholder')}
          autoFocus
          teams={teams}
          value={person?.id ?? null}
          onChange={picked}
          placeholder={t('signin.placeholder')}
          style={{ flex: 1 }}
        />
        {enterButton && !needsPassword && (
          <Button type="primary" disabled={!person} loading={busy} onClick={() => person && void attempt(person.id)}>
            {t('signin.enter')}
          </Button>
        )}
      </Space.Compact>
      {needsPassword && person && (
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password
            aria-label={t('signin.hubPassword')}
            autoFocus
            autoComplete="current-password"
            placeholder={t('signin.hubPasswordFor', { name: person.name })}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            onPressEnter={() => password && void attempt(person.id, password)}
            style={{ flex: 1 }}
          />
          <Button type="primary" disabled={!password} loading={busy} onClick={() => void attempt(person.id, password)}>
            {t('signin.enter')}
          </Button>
        </Space.Compact>
      )}
      {error && <Alert type="error" showIcon message={error} />}
    </Space>
  );
}
