import type { Locator, Page } from 'playwright-core'

/**
 * The form control named `name`: by its label, exactly, or — when the label
 * wraps the control, so that the accessible name also holds the selected
 * option ("Use case ticket-triage") — by a name that starts with it.
 */
export function labelled(page: Page, name: string): Locator {
  const startsWith = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`)
  return page
    .getByLabel(name, { exact: true })
    .or(page.getByRole('combobox', { name: startsWith }))
    .or(page.getByRole('textbox', { name: startsWith }))
    .or(page.getByRole('searchbox', { name: startsWith }))
    .first()
}

/**
 * Sets a form control to the first of `candidates` it can take, whatever
 * kind of control the page chose: a `<select>` gets the option whose value or
 * text matches (waiting for options that load), a text or number field is
 * typed into (and confirmed with Enter when `submit` is set, for fields that
 * apply on Enter). The tests name what to enter; the page decides how.
 */
export async function setControl(
  control: Locator,
  candidates: string[],
  options: { submit?: boolean; timeoutMs?: number } = {},
): Promise<string> {
  const tag = await control.evaluate((element) => element.tagName.toLowerCase())
  if (tag === 'select') {
    const normal = (text: string) => text.trim().toLowerCase()
    const deadline = Date.now() + (options.timeoutMs ?? 15_000)
    for (;;) {
      const available = await control
        .locator('option')
        .evaluateAll((list) =>
          list.map((option) => ({ value: option.value, text: option.textContent ?? '' })),
        )
      for (const candidate of candidates) {
        const option = available.find((o) => o.value === candidate || normal(o.text) === normal(candidate))
        if (option) {
          await control.selectOption(option.value)
          return option.value
        }
      }
      if (Date.now() > deadline)
        throw new Error(
          `None of ${JSON.stringify(candidates)} is an option of this select: ${JSON.stringify(available)}`,
        )
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const value = candidates[0]
  if (value === undefined) throw new Error('setControl needs at least one candidate value')
  await control.fill(value)
  if (options.submit) await control.press('Enter')
  return value
}
