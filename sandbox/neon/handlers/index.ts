import { createOrgApiKey, listOrgApiKeys, revokeOrgApiKey } from './api-keys.ts';
import type { Handler } from './context.ts';
import { createOrganizationInvitations, getOrganizationInvitations } from './invitations.ts';
import {
  getOrganizationMember,
  getOrganizationMembers,
  removeOrganizationMember,
  updateOrganizationMember,
} from './members.ts';
import { getOrganization } from './organization.ts';
import { getProject, listProjects } from './projects.ts';
import { getCurrentUserInfo, getCurrentUserOrganizations } from './users.ts';

/** The operations the emulator serves, by the spec's operationId; every other one is a 404. */
export const handlers: Readonly<Record<string, Handler>> = {
  getCurrentUserInfo,
  getCurrentUserOrganizations,
  getOrganization,
  getOrganizationMembers,
  getOrganizationMember,
  updateOrganizationMember,
  removeOrganizationMember,
  getOrganizationInvitations,
  createOrganizationInvitations,
  listOrgApiKeys,
  createOrgApiKey,
  revokeOrgApiKey,
  listProjects,
  getProject,
};
