import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { editorApi, type TemplateParts } from '../../api/content.js';

/** The server's check of the parts as typed, a moment after typing stops (the server owns Liquid). */
export function useTemplateCheck(parts: TemplateParts) {
  const [settled, setSettled] = useState(parts);
  const key = JSON.stringify(parts);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as TemplateParts), 300);
    return () => clearTimeout(timer);
  }, [key]);
  return useQuery({
    queryKey: ['template-check', settled.channel, settled.subject ?? null, settled.body, settled.html ?? null, settled.request ?? null],
    queryFn: () => editorApi.check(settled),
    retry: false,
    placeholderData: (previous) => previous,
  });
}
