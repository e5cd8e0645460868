import { PasswordSignIn } from '../common/PasswordSignIn';

/** User and password of a supervisor (or the admin). */
export function SignIn({ error, onSubmit }: { error: string | undefined; onSubmit: (user: string, password: string) => void }) {
  return (
    <PasswordSignIn
      title="Statechart inspector"
      intro="For supervisors and the admin."
      account={{ label: 'User', name: 'user' }}
      container="div"
      error={error}
      onSubmit={onSubmit}
    />
  );
}
