'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { AddMemberForm } from './add-member-form'
import { teamApi, type Role, type Team } from './team-api'

interface Props {
  currentUser: { id: string; role: Role }
  initialTeam: Team
}

export function TeamManager({ currentUser, initialTeam }: Props) {
  const queryClient = useQueryClient()
  const team = useQuery({ queryKey: ['team'], queryFn: teamApi.list, initialData: initialTeam })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['team'] })
  const remove = useMutation({ mutationFn: teamApi.remove, onSuccess: refresh })
  const revoke = useMutation({ mutationFn: teamApi.revokeInvitation, onSuccess: refresh })
  const changeRole = useMutation({ mutationFn: ({ id, role }: { id: string; role: 'AGENT' | 'ADMIN' }) => teamApi.changeRole(id, role), onSuccess: refresh })
  const canManage = currentUser.role !== 'AGENT'
  const failure = remove.error ?? changeRole.error ?? revoke.error

  return (
    <div className="space-y-8">
      {failure && <Alert>{failure.message}</Alert>}
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
            <tr>
              <th className="px-4 py-3 font-semibold">Name</th>
              <th className="px-4 py-3 font-semibold">Role</th>
              <th className="px-4 py-3 font-semibold">Last sign-in</th>
              {canManage && <th className="px-4 py-3" />}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {team.data.members.map((member) => {
              const manageable = canManage && member.id !== currentUser.id && member.role !== 'OWNER'
              return (
                <tr key={member.id} data-testid="team-member">
                  <td className="px-4 py-3">
                    <p className="font-medium text-slate-900">{member.name}</p>
                    <p className="text-xs text-slate-500">{member.email}</p>
                  </td>
                  <td className="px-4 py-3">
                    {manageable ? (
                      <select
                        aria-label={`Role of ${member.name}`}
                        value={member.role}
                        onChange={(event) => changeRole.mutate({ id: member.id, role: event.target.value as 'AGENT' | 'ADMIN' })}
                        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                      >
                        <option value="AGENT">Agent</option>
                        <option value="ADMIN">Admin</option>
                      </select>
                    ) : (
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700">{member.role.toLowerCase()}</span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-600">{member.lastLoginAt ? new Date(member.lastLoginAt).toLocaleString() : 'Never'}</td>
                  {canManage && (
                    <td className="px-4 py-3 text-right">
                      {manageable && (
                        <Button variant="danger" onClick={() => remove.mutate(member.id)} disabled={remove.isPending} aria-label={`Remove ${member.name}`}>
                          Remove
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {canManage && team.data.invitations.length > 0 && (
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-base font-semibold">Pending invitations</h2>
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {team.data.invitations.map((invitation) => (
              <li key={invitation.id} data-testid="invitation" className="flex items-center justify-between py-2">
                <span>
                  <span className="font-medium text-slate-900">{invitation.name}</span> <span className="text-slate-500">{invitation.email}</span> ·{' '}
                  {invitation.role.toLowerCase()} · expires {new Date(invitation.expiresAt).toLocaleDateString()}
                </span>
                <Button variant="danger" onClick={() => revoke.mutate(invitation.id)} disabled={revoke.isPending} aria-label={`Withdraw the invitation of ${invitation.name}`}>
                  Withdraw
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canManage && <AddMemberForm />}
    </div>
  )
}
