"""Record the unit that made a dossier late, and count per unit and month the late dossiers other
units caused and those it caused elsewhere.

Revision ID: de011e888a9d
Revises: 25bd61133314
Create Date: 2026-12-04 23:09:19.329242

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'de011e888a9d'
down_revision = '25bd61133314'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delayed_by_unit_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_dossiers_delayed_by', ['delayed_by_unit_id'], unique=False, sqlite_where=sa.text('delayed_by_unit_id IS NOT NULL'), postgresql_where=sa.text('delayed_by_unit_id IS NOT NULL'))

    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_caused_by_others', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('late_caused_elsewhere', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.drop_column('late_caused_elsewhere')
        batch_op.drop_column('late_caused_by_others')

    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_delayed_by', sqlite_where=sa.text('delayed_by_unit_id IS NOT NULL'), postgresql_where=sa.text('delayed_by_unit_id IS NOT NULL'))
        batch_op.drop_column('delayed_by_unit_id')

