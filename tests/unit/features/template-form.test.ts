import { describe, expect, it } from 'vitest'
import {
  emptyStep,
  emptyTemplateForm,
  moveStep,
  templateFormOf,
  templateFrom,
} from '../../../src/renderer/src/features/work/template-form'

const ids = {
  id: '62000000-0000-4000-8000-000000000009',
  organization_id: '10000000-0000-4000-8000-000000000001',
}

describe('the template editor', () => {
  it('keeps a unit only on a step that records a number, and reads the template back as it was', () => {
    const form = {
      ...emptyTemplateForm(),
      name: '  Pump check ',
      steps: [
        {
          ...emptyStep(),
          label: 'Pressure',
          requires: 'number' as const,
          unit: ' psi ',
          required: true,
        },
        { ...emptyStep(), label: 'Leaks', unit: 'left from a number step' },
      ],
    }
    const made = templateFrom(form, ids)
    expect(made).toEqual({
      ok: true,
      template: {
        ...ids,
        name: 'Pump check',
        equipment_kind: null,
        work_kind: 'preventive',
        deleted_at: null,
        steps: [
          { label: 'Pressure', required: true, requires: 'number', unit: 'psi' },
          { label: 'Leaks', required: false, requires: 'check', unit: null },
        ],
      },
    })
    if (made.ok) expect(templateFrom(templateFormOf(made.template), ids)).toEqual(made)
  })

  it('says which step is wrong, keyed as the form shows it', () => {
    const made = templateFrom(
      { ...emptyTemplateForm(), name: '', steps: [{ ...emptyStep(), label: 'ok' }, emptyStep()] },
      ids,
    )
    expect(made).toEqual({
      ok: false,
      errors: { name: 'Template name is required', 'steps.1.label': 'Step is required' },
    })
    expect(templateFrom({ ...emptyTemplateForm(), name: 'x', steps: [] }, ids)).toMatchObject({
      ok: false,
      errors: { steps: expect.any(String) },
    })
  })

  it('moves a step up or down, and not past either end', () => {
    const steps = ['a', 'b', 'c'].map((label) => ({ ...emptyStep(), label }))
    expect(moveStep(steps, 2, -1).map((s) => s.label)).toEqual(['a', 'c', 'b'])
    expect(moveStep(steps, 0, 1).map((s) => s.label)).toEqual(['b', 'a', 'c'])
    expect(moveStep(steps, 0, -1).map((s) => s.label)).toEqual(['a', 'b', 'c'])
    expect(moveStep(steps, 2, 1).map((s) => s.label)).toEqual(['a', 'b', 'c'])
  })
})
