// True on a phone-width screen; pages switch tables to cards with it.
import { ref, onMounted, onBeforeUnmount } from 'vue'

export function useNarrow(px = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth <= px)
  let mq
  const update = () => { narrow.value = mq.matches }
  onMounted(() => {
    mq = window.matchMedia(`(max-width: ${px}px)`)
    update()
    mq.addEventListener('change', update)
  })
  onBeforeUnmount(() => mq && mq.removeEventListener('change', update))
  return narrow
}
