import { z } from 'zod'

// The AI receptionist's tools (Realtime function calls): each one's arguments as a zod schema,
// from which the JSON Schema the model is given is made, so what the model is told and what the
// app accepts cannot drift apart. Free of Next.js and of the database: the media server imports
// it to configure its sessions.

export const toolArguments = {
  business_hours: z.object({}),
  take_message: z.object({
    callerName: z.string().trim().min(1).max(200).describe("The caller's name, as they gave it."),
    callbackNumber: z.string().trim().max(32).describe('The number to call back, as the caller gave it; empty if they want to be called back on this one.'),
    reason: z.string().trim().min(1).max(2000).describe('What the call is about, in a sentence or two.'),
    urgency: z.enum(['low', 'normal', 'urgent']).describe('How soon the caller needs an answer.'),
  }),
  transfer_call: z.object({ target: z.string().trim().min(1).max(100).describe('Who to transfer to: a team, a person or an outside number, by its name exactly as listed.') }),
  end_call: z.object({}),
} as const

export type ToolName = keyof typeof toolArguments
export const TOOL_NAMES = Object.keys(toolArguments) as ToolName[]

const descriptions: Record<ToolName, string> = {
  business_hours: "Look up whether the business is open now and when it next opens or closes, in the business's own time zone. Use it whenever the caller asks about opening hours.",
  take_message: 'Take a message for the team: who is calling, how to reach them, what it is about and how urgent. Confirm the details with the caller before calling this.',
  transfer_call: 'Transfer the caller to one of the teams, people or outside numbers listed in your instructions. Tell the caller you are transferring them before you call this.',
  end_call: 'End the call once the caller has said goodbye or has nothing more. Say a short goodbye first; the line is closed once it has been heard.',
}

/**
 * Function tools in the Realtime API's `session.tools` shape. With the call's transfer targets,
 * transfer_call's `target` is one of their names (a JSON Schema enum), so the model is told exactly
 * who it can transfer to; the app still checks the name against the same list.
 */
export function realtimeTools(transferTargets?: readonly string[]) {
  return TOOL_NAMES.map((name) => {
    const schema = name === 'transfer_call' && transferTargets?.length ? transferArguments(transferTargets) : toolArguments[name]
    const { $schema: _schema, ...parameters } = z.toJSONSchema(schema) as Record<string, unknown>
    return { type: 'function' as const, name, description: descriptions[name], parameters }
  })
}

const transferArguments = (targets: readonly string[]) =>
  z.object({ target: z.enum(targets as [string, ...string[]]).describe(toolArguments.transfer_call.shape.target.description ?? '') })

export type ToolArguments<N extends ToolName> = z.infer<(typeof toolArguments)[N]>
