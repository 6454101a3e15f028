import { useQuery } from '@tanstack/react-query';
import { editorApi, type TemplateParts } from '../../api/content.js';
import { useSettled } from './use-settled.js';

/** The server's check of the parts as typed, a moment after typing stops (the server owns Liquid). */
export function useTemplateCheck(parts: TemplateParts) {
  const settled = useSettled(parts, 300);
  return useQuery({
    queryKey: ['template-check', settled.channel, settled.subject ?? null, settled.body, settled.html ?? null, settled.request ?? null],
    queryFn: () => editorApi.check(settled),
    retry: false,
    placeholderData: (previous) => previous,
  });
}
