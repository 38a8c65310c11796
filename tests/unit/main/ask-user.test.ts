import type { BaseWindow, Dialog } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createAskUser, oneQuestionAtATime } from '../../../src/main/ask-user'
import { fake } from './fakes'

const question = { title: 'T', message: 'Open it?', detail: 'because', confirm: 'Open' }

function dialogAnswering(response: number) {
  return {
    showMessageBox: vi.fn((..._args: unknown[]) =>
      Promise.resolve({ response, checkboxChecked: false }),
    ),
  }
}

describe('createAskUser', () => {
  it('asks over the window with Cancel as the default and the Escape answer', async () => {
    const dialog = dialogAnswering(1)
    const window = fake<BaseWindow>({ id: 1 })
    await expect(createAskUser(fake<Dialog>(dialog), () => window)(question)).resolves.toBe(true)
    expect(dialog.showMessageBox).toHaveBeenCalledWith(window, {
      type: 'question',
      title: 'T',
      message: 'Open it?',
      detail: 'because',
      buttons: ['Cancel', 'Open'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    })
  })

  it('answers no for Cancel or Escape, and asks without a parent when there is no window', async () => {
    const dialog = dialogAnswering(0)
    await expect(createAskUser(fake<Dialog>(dialog), () => undefined)(question)).resolves.toBe(
      false,
    )
    expect(dialog.showMessageBox.mock.calls[0]).toHaveLength(1)
  })
})

describe('oneQuestionAtATime', () => {
  it('answers no without asking while a question is open', async () => {
    let answer: (value: boolean) => void = () => undefined
    const ask = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)))
    const log = { warn: vi.fn() }
    const once = oneQuestionAtATime(ask, log)
    const first = once(question)
    await expect(once(question)).resolves.toBe(false)
    answer(true)
    await expect(first).resolves.toBe(true)
    expect(ask).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledOnce()
    // Closed: the next one is asked.
    const third = once(question)
    answer(false)
    await expect(third).resolves.toBe(false)
    expect(ask).toHaveBeenCalledTimes(2)
  })
})
