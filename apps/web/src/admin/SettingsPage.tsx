import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { approvalsApi } from '../api/publish-requests.js';
import { PeopleTopBar } from '../people/TopBar.js';

/**
 * Admin: the workspace's settings. Approvals (docs/live-edits.md "Approvals"): while on, a
 * marketer's Publish asks a reviewer or an admin, who reads the same publish review and
 * publishes it or declines with a comment; admins may still publish directly.
 */
export function SettingsPage() {
  const client = useQueryClient();
  const approvals = useQuery({ queryKey: ['settings', 'approvals'], queryFn: approvalsApi.settings, retry: false });
  const change = useMutation({
    mutationFn: (required: boolean) => approvalsApi.setRequired(required),
    onSuccess: (answer) => client.setQueryData(['settings', 'approvals'], answer),
  });
  // While the change is on its way, the box shows what was asked for.
  const required = change.isPending ? change.variables : (approvals.data?.required ?? false);
  return (
    <div className="app-shell">
      <PeopleTopBar title="Workspace settings" />
      <main className="list-page">
        <section aria-label="Approvals">
          <h2>Publishing</h2>
          {approvals.error && <p className="problem problem--error">{approvals.error.message}</p>}
          <label className="settings-toggle">
            <input
              type="checkbox"
              checked={required}
              disabled={approvals.isPending || change.isPending}
              onChange={(e) => change.mutate(e.target.checked)}
            />{' '}
            A publish needs a second person’s approval
          </label>
          <p className="muted">
            {required
              ? 'On: a marketer’s Publish becomes “Request approval”. A reviewer or an admin who did not ask reads the same publish review (the changes, the problems, where the leads inside land) and publishes it, or declines with a comment. Admins may still publish directly.'
              : 'Off: marketers publish on their own.'}
          </p>
          {change.error && <p className="problem problem--error">{change.error.message}</p>}
        </section>
      </main>
    </div>
  );
}
