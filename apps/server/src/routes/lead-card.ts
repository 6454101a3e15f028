import { z } from 'zod';

/** Who a handoff's or task's lead is, so the sales desk can name it without a read per card. */
export const leadCardSchema = z
  .object({
    email: z.string().nullable(),
    name: z.string().nullable().describe('first and last name (attributes first_name/last_name or firstName/lastName), else attributes.name'),
    company: z.string().nullable().describe('attributes.company, or attributes.company.name'),
  })
  .describe("the lead, as sales recognise it");
