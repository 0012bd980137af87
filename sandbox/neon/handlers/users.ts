import { requirePersonal } from '../auth.ts';
import type { Handler } from './context.ts';
import { organizationJson } from './organization.ts';

export const getCurrentUserInfo: Handler = ({ caller }) => {
  const { user } = requirePersonal(caller);
  const [first = '', ...rest] = user.name.split(' ');
  return {
    id: user.id,
    email: user.email,
    login: user.email,
    name: first,
    last_name: rest.join(' '),
    image: '',
    plan: 'scale',
    active_seconds_limit: 0,
    projects_limit: 1000,
    branches_limit: 5000,
    max_autoscaling_limit: 8,
    auth_accounts: [{ provider: 'google', email: user.email, name: user.name, login: user.email, image: '' }],
  };
};

export const getCurrentUserOrganizations: Handler = ({ caller, state }) => {
  const { user } = requirePersonal(caller);
  return { organizations: state.memberOfUser(user.id) ? [organizationJson(state)] : [] };
};
