import { PasswordSignIn } from '../common/PasswordSignIn';

interface Props {
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onSignIn: (agentId: string, password: string) => void;
}

/** Agent id and password; the demo accounts are printed by `npm start`. */
export function SignIn({ busy, error, onSignIn }: Props) {
  return (
    <PasswordSignIn
      title="Agent desk"
      account={{ label: 'Agent', name: 'agentId', placeholder: 'alice' }}
      busy={busy}
      error={error}
      errorTestId="sign-in-error"
      footer="Demo accounts: alice, bob, carol; the password is the name followed by “-demo”."
      onSubmit={onSignIn}
    />
  );
}
